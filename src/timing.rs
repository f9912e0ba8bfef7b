//! Timing the pipeline's stages for `--timings`: wall time, the process's CPU time over all
//! threads, and its memory when each stage ends.

use std::time::{Duration, Instant};

use crate::platform;

/// One stage of a build, for `--timings`.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    /// What the stage does.
    pub name: &'static str,
    /// Its wall time.
    pub time: Duration,
    /// CPU time the whole process spent in it (user and system, summed over threads), where
    /// the system reports it: against `time`, how well the stage used the cores.
    pub cpu: Option<Duration>,
    /// The process's resident memory when it ended, where the system reports it: which
    /// stage a memory regression comes from.
    pub memory: Option<u64>,
}

/// The start of a stage: wall clock and the process's CPU time so far.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Clock {
    /// Start timing now.
    pub fn start() -> Clock {
        Clock { wall: Instant::now(), cpu: platform::cpu_time() }
    }

    /// The stage `name`, started at this clock's start, ending now.
    pub fn stage(self, name: &'static str) -> Stage {
        let cpu = platform::cpu_time().zip(self.cpu).map(|(now, then)| now.saturating_sub(then));
        Stage { name, time: self.wall.elapsed(), cpu, memory: platform::resident_memory() }
    }
}
