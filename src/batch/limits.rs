//! The limits a worker process starts under, set between fork and exec so
//! that they hold from its first allocation.

use std::process::Command;

/// Sets RLIMIT_AS to `max_memory` and RLIMIT_CORE to 0 (an aborted worker
/// must not leave a multi-GiB core file), and on Linux asks for SIGKILL when
/// the parent dies, so that a killed batch leaves no worker running.
#[cfg(unix)]
pub fn apply(cmd: &mut Command, max_memory: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlim_t::try_from(max_memory).unwrap_or(libc::RLIM_INFINITY);
    // SAFETY: between fork and exec only async-signal-safe calls are made
    // (setrlimit, prctl), with no allocation and no lock.
    unsafe {
        cmd.pre_exec(move || {
            // Under a lower hard limit (`ulimit -v`), keep it: raising it
            // would fail and the worker would not start.
            let mut current = libc::rlimit {
                rlim_cur: 0,
                rlim_max: libc::RLIM_INFINITY,
            };
            let hard = if libc::getrlimit(libc::RLIMIT_AS, &mut current) == 0 {
                current.rlim_max
            } else {
                libc::RLIM_INFINITY
            };
            let limit = limit.min(hard);
            let mem = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &mem) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            let core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            let _ = libc::setrlimit(libc::RLIMIT_CORE, &core);
            #[cfg(target_os = "linux")]
            {
                let _ = libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            }
            Ok(())
        });
    }
}

/// No address-space limit outside Unix: the wall-clock limit still holds.
#[cfg(not(unix))]
pub fn apply(_cmd: &mut Command, _max_memory: u64) {}
