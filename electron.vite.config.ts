import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/**
 * One build for the four runtimes: Electron main (plus the plain-Node entry points that share its
 * services: the CLI and the terminal simulator), the sandboxed preload, and the React renderer.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'electron/main/index.ts'),
          // The station's services in an Electron utilityProcess (main only relays).
          station: resolve(__dirname, 'electron/main/station-process.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
          simulator: resolve(__dirname, 'native/simulator/main.ts'),
          // Read by scripts/start.mjs: where the Electron build of better-sqlite3 goes.
          'native-binding': resolve(__dirname, 'electron/store/native-binding.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle everything else into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { preload: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
