// Loaded with `node --import` before the CLI: the process says it runs on macOS (process.platform is 'darwin'), so the
// code for systems without /proc runs here, on Linux, whose ps takes the same options.
Object.defineProperty(process, 'platform', { value: 'darwin' });
