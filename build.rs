//! Collects the scoped CSS of every component (stylers) into target/main.css.

fn main() {
    stylers::build(Some(String::from("./target/main.css")));
}
