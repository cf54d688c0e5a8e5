// The bundled example (content/, data/, themes/, vypusk.yaml) is embedded in the binary for
// `vypusk new` and the default theme: rebuild when it changes.
fn main() {
    for p in ["content", "data", "themes", "vypusk.yaml"] {
        println!("cargo:rerun-if-changed={p}");
    }
}
