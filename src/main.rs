// mimalloc rather than glibc's malloc: a region build allocates millions of small cells,
// entries and findings on two threads at once, and spent ~10 % of its time in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(vypusk::cmd::main());
}
