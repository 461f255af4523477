//! Every script the theme has and a build writes runs on the oldest browsers
//! the site supports (README "Browsers"): `tests/scripts/` parses each at
//! ECMAScript 2020 with acorn and flags regex lookbehind and later built-ins.
//! Locally a missing node or acorn skips it; under `CI=true` it fails.

mod common;

#[test]
fn shipped_scripts_parse_at_the_supported_language_level() {
    if !common::tool_available("node", common::node_available()) {
        return;
    }
    let root = common::copy_of_bundled_site();
    let (_guard, site) = common::build(root.path());
    common::run_node_tests(&["tests/scripts/"], &[("SCRIPTS_SITE", site.as_path())]);
}
