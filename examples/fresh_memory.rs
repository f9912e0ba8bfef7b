//! What memory the process has not used before costs on this machine, for reading benchmark
//! figures: take each size of fresh memory in turn, write one byte in every 4 KiB page, and
//! print the time per page. On a plain kernel the cost per page is flat. In a virtual machine
//! that hands freed memory back to its host (free page reporting), pages beyond what the guest
//! freed moments ago must first be given back by the host, and the cost per page rises with
//! the amount: a build that needs several gigabytes of new memory, as 100,000 briefs do for
//! their model and the page cache their output fills, pays more per byte than a small one.
//!
//! ```sh
//! cargo run --release --example fresh_memory -- 256 1024 4096
//! ```

use std::time::Instant;

const PAGE: usize = 4096;

fn main() {
    let sizes: Vec<usize> =
        std::env::args().skip(1).map(|a| a.parse().unwrap_or_else(|_| panic!("{a}: expected a size in MiB"))).collect();
    if sizes.is_empty() {
        eprintln!("usage: fresh_memory MIB [MIB...]");
        std::process::exit(2);
    }
    for mib in sizes {
        let len = mib << 20;
        let start = Instant::now();
        let mut block: Vec<u8> = Vec::with_capacity(len);
        let base = block.as_mut_ptr();
        for offset in (0..len).step_by(PAGE) {
            // SAFETY: `offset < len`, the capacity; volatile so the write is not elided.
            unsafe { base.add(offset).write_volatile(1) };
        }
        let took = start.elapsed().as_secs_f64();
        println!("{mib:>6} MiB: {took:.3} s, {:.2} us per page", took * 1e6 / (len / PAGE) as f64);
        // Given back before the next size, which a later size may reuse.
        drop(block);
    }
}
