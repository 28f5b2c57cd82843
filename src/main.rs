//! Entry point: report panics to the browser console, mount the app.

fn main() {
    // The release build aborts at a panic without running any hook
    // (`panic = "immediate-abort"`): the hook would only add its code.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(customer_summary::App);
}
