/* global process, setInterval, clearInterval */
// Loaded into billgraph by scripts/heap-bound.mjs (`--import`). A launcher killed with SIGKILL cannot pass the
// signal on, and its child would serve on unsupervised, holding the port; the child notices it was handed to
// another parent and drains as on SIGTERM, once (a second SIGTERM would cut the drain short).
const launcher = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === launcher) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 500);
watch.unref();
