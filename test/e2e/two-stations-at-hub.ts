import { test, type Page } from '@playwright/test';
import { startStation, type StationProcess } from './station-process';
import { startHub, type HubProcess } from './hub-process';
import { signInAtHub } from './sign-in';
import { enrolInSettings } from './enrol-in-settings';

type HubOptions = Parameters<typeof startHub>[0];

export interface TwoStationsAtHub {
  readonly pageA: Page;
  readonly pageB: Page;
  /**
   * A, then B, enrol through Settings under the hub's first and second station name (one after
   * the other: two password changes at once, a slow hash each, overran 10 s under load).
   */
  enrolBoth(): Promise<void>;
  /** Operators of the hub (by username, as the hub was given them) sign in at A and at B; both open review. */
  signInToReviewAtHub(usernameA: string, usernameB: string): Promise<void>;
}

/**
 * One embedded hub and two stations for the spec file, each station in a browser context of its
 * own: started before its first test, stopped after its last. A is a demo station; B too unless
 * `stationB.demo` is false (an empty store). The pages returned read through to the running ones.
 */
export function twoStationsAtHubPerFile(
  hubOptions: HubOptions,
  stationB: { demo?: boolean } = {},
): TwoStationsAtHub {
  let hub: HubProcess | undefined;
  let a: StationProcess | undefined;
  let b: StationProcess | undefined;
  let pageA: Page | undefined;
  let pageB: Page | undefined;

  test.beforeAll(async ({ browser }) => {
    // An embedded hub's init, its operators with passwords (a CLI run each) plus two stations:
    // about 60 s idle; far more at load 20 on 2 cores.
    test.setTimeout(480_000);
    // One at a time: the embedded database's start and two demo starts at once overran a station
    // start's 90 s deadline at load 27 on 2 cores.
    hub = await startHub(hubOptions);
    a = await startStation();
    b = await startStation(stationB);
    pageA = await (await browser.newContext()).newPage();
    pageB = await (await browser.newContext()).newPage();
  });
  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), hub?.stop()]);
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('The hub and stations are used before their beforeAll started them');
    return value;
  };
  const signIn = (page: Page, username: string) => {
    const operator = hubOptions.operators.find((o) => o.username === username);
    if (!operator) throw new Error(`${username} is not among the hub's operators`);
    return signInAtHub(page, operator.username, operator.password, operator.name);
  };
  return {
    get pageA() {
      return started(pageA);
    },
    get pageB() {
      return started(pageB);
    },
    async enrolBoth() {
      const { url, codes } = started(hub);
      await enrolInSettings(started(pageA), started(a), url, codes[0]!, hubOptions.stations[0]!);
      await enrolInSettings(started(pageB), started(b), url, codes[1]!, hubOptions.stations[1]!);
    },
    async signInToReviewAtHub(usernameA, usernameB) {
      await signIn(started(pageA), usernameA);
      await signIn(started(pageB), usernameB);
      for (const page of [started(pageA), started(pageB)])
        await page.evaluate(() => {
          location.hash = '/review';
        });
    },
  };
}
