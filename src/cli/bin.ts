import { main } from './main.js';

// A reader that stops early (`veriship sbom | head`) closes the pipe. The rest of the output has nowhere
// to go, which is not an error of ours: the command still runs to its end and exits with its own code.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

await main();
// Exit as soon as the output is flushed. Letting the event loop drain first gives V8 time to run idle
// garbage collection on a heap that is about to be freed anyway (~8 ms after a 2,000-component SBOM).
const flushed = (stream: NodeJS.WriteStream) =>
  new Promise<void>((resolve) => (stream.destroyed ? resolve() : stream.write('', () => resolve())));
await flushed(process.stdout);
await flushed(process.stderr);
process.exit();
