//! Which `Host` a request may name. A page on another site can point its
//! own name at 127.0.0.1 (DNS rebinding): the browser then lets it read
//! this preview as its own, and the request names that page's host. So
//! only `localhost` and IP addresses are served: a browser names an address
//! only when it connected to that very address, which cannot be a
//! rebinding, whatever address serve is bound to. Any port is accepted:
//! a forwarded port (`ssh -L 8080:localhost:1111`) keeps the name.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Whether the `Host` header `value` (`name[:port]`) names this machine.
pub fn names_this_machine(value: &str) -> bool {
    let value = value.trim();
    if let Some(bracketed) = value.strip_prefix('[') {
        // An IPv6 address: `[::1]` or `[::1]:1111`.
        return bracketed.split_once(']').is_some_and(|(address, port)| {
            address.parse::<Ipv6Addr>().is_ok() && is_port_or_none(port)
        });
    }
    let (name, port) = value
        .find(':')
        .map_or((value, ""), |colon| value.split_at(colon));
    is_port_or_none(port)
        && (name.eq_ignore_ascii_case("localhost") || name.parse::<Ipv4Addr>().is_ok())
}

/// `` or `:1111`.
fn is_port_or_none(port: &str) -> bool {
    port.is_empty()
        || port.strip_prefix(':').is_some_and(|number| {
            number.bytes().all(|byte| byte.is_ascii_digit()) && number.parse::<u16>().is_ok()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localhost_and_addresses_with_or_without_a_port() {
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:1111",
            "0.0.0.0:1111",
            "[::1]",
            "[::1]:1111",
            "[fe80::1]:8080",
            " localhost:1111 ",
        ] {
            assert!(names_this_machine(host), "{host}");
        }
    }

    #[test]
    fn other_names_and_malformed_values_are_refused() {
        for host in [
            "",
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.evil.example",
            "127.0.0.1.nip.io:1111",
            "2130706433",
            "0x7f.0.0.1",
            "localhost:",
            "localhost:http",
            "localhost:99999",
            "localhost:+80",
            "::1",
            "[::1",
            "[::1]x",
            "[::1]:1111:1",
            "[evil.example]",
            "[::1]evil.example:1111",
            ":1111",
        ] {
            assert!(!names_this_machine(host), "{host}");
        }
    }
}
