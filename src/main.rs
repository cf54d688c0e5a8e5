fn main() {
    std::process::exit(vypusk::cmd::main());
}
