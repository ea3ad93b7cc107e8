//! `--help` shows every numeric flag's range, and the range it shows is the
//! one the command line takes: its ends are accepted, one past them is a
//! usage error (exit 2). Issue 12.

use crate::util::TestEnv;

/// (command, flag, lowest, highest, an argument making the command fail
/// after parsing, without touching anything).
const RANGES: &[(&str, &str, u64, u64, &[&str])] = &[
    ("index", "--threads", 1, 256, &["no-such-folder"]),
    ("index", "--memory", 128, 65_536, &["no-such-folder"]),
    ("index", "--checkpoint", 1, 86_400, &["no-such-folder"]),
    ("parse", "--threads", 1, 256, &["no-such-folder"]),
    ("search", "--limit", 1, 10_000, &["x", "--index", "nowhere"]),
    (
        "search",
        "--offset",
        0,
        1_000_000,
        &["x", "--index", "nowhere"],
    ),
];

/// The help line of `flag` in `command --help`.
fn help_line(env: &TestEnv, command: &str, flag: &str) -> String {
    let help = env.run_ok(&[command, "--help"]).stdout;
    help.lines()
        .find(|l| l.trim_start().starts_with(flag) || l.contains(&format!(", {flag} ")))
        .unwrap_or_else(|| panic!("{command} --help has no {flag}:\n{help}"))
        .to_string()
}

#[test]
fn help_shows_the_ranges_the_command_line_takes() {
    let env = TestEnv::new();
    for &(command, flag, low, high, rest) in RANGES {
        let line = help_line(&env, command, flag);
        assert!(
            line.contains(&format!("[range: {low}-{high}]")),
            "{command} {flag}: {line}"
        );
        let run = |value: u64| {
            let value = value.to_string();
            let mut args = vec![command, flag, value.as_str()];
            args.extend_from_slice(rest);
            env.run(&args)
        };
        for inside in [low, high] {
            let taken = run(inside);
            assert!(
                !taken.stderr.contains("invalid value"),
                "{command} {flag} {inside}: {}",
                taken.stderr
            );
        }
        let mut outside = vec![high + 1];
        if low > 0 {
            outside.push(low - 1);
        }
        for value in outside {
            let refused = run(value);
            assert_eq!(refused.code, 2, "{command} {flag} {value}");
            assert!(
                refused.stderr.contains("invalid value"),
                "{command} {flag} {value}: {}",
                refused.stderr
            );
        }
    }
}

#[cfg(feature = "serve")]
#[test]
fn serve_help_shows_the_port_range() {
    let env = TestEnv::new();
    let line = help_line(&env, "serve", "--port");
    assert!(line.contains("[range: 0-65535]"), "{line}");
    let refused = env.run(&["serve", "--port", "65536", "--index", "nowhere"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("invalid value"),
        "{}",
        refused.stderr
    );
}
