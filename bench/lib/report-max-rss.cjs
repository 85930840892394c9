// Preloaded (node --require) into a child process whose peak memory the transfer benchmark
// reports: at exit, writes {"maxRSS": kilobytes} to file descriptor 3 when the parent opened it.
const fs = require('node:fs');

process.on('exit', () => {
  try {
    fs.writeSync(3, JSON.stringify({ maxRSS: process.resourceUsage().maxRSS }) + '\n');
  } catch {
    /* not started by the benchmark */
  }
});
