import { app, BrowserWindow, dialog, net, protocol, safeStorage, session, utilityProcess } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { parseShanghaiTime } from '../services/calendar/shanghai-time';
import { lineSpeedProblem, parseLineSpeed } from '../services/devices/line-speed';
import { createFileLogger } from '../services/station/logger';
import { resolveDataDir } from '../services/station/data-dir';
import { runBelowThisProcess } from '../services/station/process-priority';
import { APP_ENTRY, APP_HOST, APP_RESPONSE_HEADERS, APP_SCHEME } from './app-protocol';
import { installNavigationPolicy } from './navigation-policy';
import { windowOptions } from './window-options';
import { addRendererJsFlags } from './renderer-js-flags';
import { registerIpc } from './ipc';
import { safeStorageKeyProvider } from './safe-storage-key';
import { installPermissionPolicy } from './permission-policy';
import { dataDirFileKey, documentKeyPaths } from '../services/vault/data-dir-keys';
import { stationClient } from './station-relay/client';
import type { FirstStart, FromStation, StationStart, ToStation } from './station-relay/messages';

// Before the app is ready: switches reach only the processes started after them.
addRendererJsFlags(app.commandLine);

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const flag = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const dataDir = resolveDataDir(flag('--data-dir'));
const demo = process.argv.includes('--demo');
/** `--demo --demo-date T`: a demo station working through a chosen day, as `serve` allows. */
const demoDate = demo ? flag('--demo-date') : undefined;

/** `--baud N` / `--link-baud N` as `serve` takes them: the speed, or what is wrong with it. */
function lineSpeedFlag(name: string, options: { keep?: boolean } = {}): number | string | undefined {
  const text = flag(name);
  if (text === undefined) return undefined; // the speed stored in Settings
  return parseLineSpeed(text, options) ?? lineSpeedProblem(name, options);
}

const rendererRoot = join(__dirname, '..', 'renderer');

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = normalize(join(rendererRoot, decodeURIComponent(url.pathname)));
    if (url.host !== APP_HOST || !file.startsWith(rendererRoot + sep))
      return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    for (const [k, v] of Object.entries(APP_RESPONSE_HEADERS)) headers.set(k, v);
    return new Response(response.body, { status: response.status, headers });
  });
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const log = createFileLogger(dataDir);
  const keyPaths = documentKeyPaths(dataDir);
  let documentKey: StationStart['documentKey'];
  try {
    const keyProvider = safeStorageKeyProvider(keyPaths.wrapped, {
      provider: dataDirFileKey(dataDir),
      file: keyPaths.file,
    });
    documentKey = { description: keyProvider.description, base64: keyProvider.loadKey().toString('base64') };
  } catch (error) {
    // No keychain fit to hold the key (KeychainUnavailableError), or a key file that cannot be
    // read: each says in words what to do.
    dialog.showErrorBox('POS Station', error instanceof Error ? error.message : String(error));
    app.exit(3);
    return;
  }
  const demoStartMs = demoDate === undefined ? undefined : parseShanghaiTime(demoDate);
  if (demoStartMs !== undefined && Number.isNaN(demoStartMs)) {
    dialog.showErrorBox('POS Station', `--demo-date must be an ISO-8601 time, not '${demoDate}'.`);
    app.exit(2);
    return;
  }
  const powerOnBaud = lineSpeedFlag('--baud');
  const proposeBaud = lineSpeedFlag('--link-baud', { keep: true });
  if (typeof powerOnBaud === 'string' || typeof proposeBaud === 'string') {
    dialog.showErrorBox(
      'POS Station',
      [powerOnBaud, proposeBaud].filter((v) => typeof v === 'string').join('\n'),
    );
    app.exit(2);
    return;
  }

  // The services (SQLite writes with fsync, up to 16 serial links) run in their own process so
  // nothing they do can stall the window; main checks each IPC call and relays it.
  const child = utilityProcess.fork(join(__dirname, 'station.js'), [], {
    serviceName: 'POS Station services',
    stdio: 'inherit',
  });
  // Nor may it take the window's CPU: on a busy counter the window's renderer goes first.
  child.once('spawn', () => {
    if (child.pid !== undefined)
      runBelowThisProcess(child.pid, (message, error) => log.warn(message, { error }));
  });
  const station = stationClient(
    {
      post: (message: ToStation) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: FromStation) => listener(message)),
    },
    // The station's hub key, wrapped by the OS keychain like the document key (only main has safeStorage).
    (op, bytes) =>
      op === 'wrap'
        ? safeStorage.encryptString(bytes.toString('base64'))
        : Buffer.from(safeStorage.decryptString(bytes), 'base64'),
  );
  let quitting = false;
  child.on('exit', (code) => {
    station.lost(`the services process ended (exit code ${code})`);
    if (quitting) return;
    log.error('The station services process ended', { code });
    dialog.showErrorBox(
      'POS Station',
      `工作站服务进程意外退出（退出码 ${code}），详情见日志 ${join(dataDir, 'logs')}。请重新启动工作站。\n\n` +
        `The station's services process ended unexpectedly (exit code ${code}); see the log in ${join(dataDir, 'logs')}. Start the station again.`,
    );
    app.exit(1);
  });
  let firstStart: FirstStart;
  try {
    firstStart = await station.start({
      dataDir,
      demo,
      line: {
        ...(powerOnBaud !== undefined ? { powerOnBaud } : {}),
        ...(proposeBaud !== undefined ? { proposeBaud } : {}),
      },
      ...(demoStartMs !== undefined ? { demoStartMs } : {}),
      version,
      documentKey,
    });
  } catch (error) {
    quitting = true;
    child.kill();
    dialog.showErrorBox('POS Station', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  const { initialAdmin, demoOperatorLines } = firstStart;
  if (initialAdmin) {
    // The desktop shell has a terminal only when started from one; the password is also needed there.
    process.stdout.write(
      `First start: sign in as '${initialAdmin.username}' with the one-time password: ${initialAdmin.oneTimePassword}\n`,
    );
  }
  installPermissionPolicy(session.defaultSession);
  serveRenderer();
  const ipc = registerIpc(station);

  const open = () => {
    const win = new BrowserWindow(windowOptions(join(__dirname, '..', 'preload', 'preload.js')));
    installNavigationPolicy(win.webContents);
    ipc.attach(win.webContents);
    win.once('ready-to-show', () => {
      win.show();
      if (initialAdmin) {
        const demoLines = demoOperatorLines.join('\n');
        void dialog.showMessageBox(win, {
          type: 'info',
          title: 'POS Station',
          message: '首次启动 · First start',
          detail: `管理员账号 admin 的一次性密码（仅显示这一次）\nOne-time password for 'admin' (shown only now):\n\n${initialAdmin.oneTimePassword}\n\n${demoLines}`,
        });
      }
    });
    void win.loadURL(APP_ENTRY);
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    quitting = true;
    void station.close().finally(() => {
      child.kill();
      app.quit();
    });
  });
}

process.on('unhandledRejection', (reason) => {
  createFileLogger(dataDir).error('Unhandled rejection in main', { error: reason });
});

void main();
