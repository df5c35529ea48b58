import { z } from 'zod';
import type { CallContext } from './context';
import { defineCall, REVIEW_READER_ROLES, ROLES } from './define';
import { DISPLAY_NAME_MAX, USERNAME_MAX } from './domain/accounts/operator-fields';
import type { Handler } from './handler';

export const operatorSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
});

/** Who is signed in on this connection; every screen shows it. */
export const sessionStateSchema = z.object({
  operator: operatorSchema,
  /** Signed in with a one-time password: only changing it (or signing out) is allowed. */
  mustChangePassword: z.boolean(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export const operatorSummarySchema = operatorSchema.extend({
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  /** Asia/Shanghai ISO time, only while failed sign-ins make the next try wait. */
  lockedUntil: z.string().nullable(),
  createdAt: z.string(),
});
export type OperatorSummary = z.infer<typeof operatorSummarySchema>;

// Lengths are only bounds against abuse; the accounts service applies the real rules and names the field.
const password = z.string().min(1).max(1024);
const username = z.string().min(1).max(USERNAME_MAX);
const none = z.object({}).strict();

export const sessionCalls = {
  'session.signIn': defineCall({
    summary: 'Sign in with user name and password',
    access: 'public',
    input: z.object({ username, password }).strict(),
    output: sessionStateSchema,
  }),
  'session.current': defineCall({
    summary: 'Who is signed in on this connection, if anyone',
    access: 'public',
    input: none,
    output: sessionStateSchema.nullable(),
  }),
  'session.signOut': defineCall({
    summary: 'Sign out of this connection',
    access: 'signed-in',
    input: none,
    output: z.object({}),
  }),
  'session.changePassword': defineCall({
    summary: 'Change the signed-in operator’s password; ends their other sessions',
    access: 'signed-in',
    input: z.object({ currentPassword: password, newPassword: password }).strict(),
    output: sessionStateSchema,
  }),
  'users.reviewers': defineCall({
    summary: "The enabled reviewers and senior reviewers: whose cases the queue's assignee filter can show",
    access: REVIEW_READER_ROLES,
    input: none,
    output: z.object({ reviewers: z.array(operatorSchema) }),
  }),
  'users.list': defineCall({
    summary: 'List operator accounts',
    access: ['admin'],
    input: none,
    output: z.object({ users: z.array(operatorSummarySchema) }),
  }),
  'users.add': defineCall({
    summary: 'Add an operator; without a password a one-time password is returned once',
    access: ['admin'],
    input: z
      .object({
        username,
        displayName: z.string().min(1).max(DISPLAY_NAME_MAX),
        role: z.enum(ROLES),
        password: password.optional(),
      })
      .strict(),
    output: z.object({ user: operatorSummarySchema, oneTimePassword: z.string().nullable() }),
  }),
  'users.disable': defineCall({
    summary: 'Disable an operator and end their sessions',
    access: ['admin'],
    input: z.object({ username }).strict(),
    output: z.object({ user: operatorSummarySchema }),
  }),
  'users.setRole': defineCall({
    summary: 'Give an operator another role; their sessions end so it applies at once',
    access: ['admin'],
    input: z.object({ username, role: z.enum(ROLES) }).strict(),
    output: z.object({ user: operatorSummarySchema }),
  }),
  'users.unlock': defineCall({
    summary: 'Clear the failed sign-ins that slow an operator’s sign-in down',
    access: ['admin'],
    input: z.object({ username }).strict(),
    output: z.object({ user: operatorSummarySchema }),
  }),
  'users.resetPassword': defineCall({
    summary: 'Give an operator a new one-time password, clear a lockout and end their sessions',
    access: ['admin'],
    input: z.object({ username }).strict(),
    output: z.object({ user: operatorSummarySchema, oneTimePassword: z.string() }),
  }),
};
export type SessionCalls = typeof sessionCalls;

/**
 * Calls whose handler result also carries a new bearer token. The transport keeps the token for
 * its connection (window, browser session) and strips it: the renderer never sees a token.
 */
export const SESSION_ISSUING_CALLS = ['session.signIn', 'session.changePassword'] as const;
export type SessionIssuingCall = (typeof SESSION_ISSUING_CALLS)[number];
/** After one of these succeeds the transport forgets its connection's token. */
export const SESSION_ENDING_CALLS = ['session.signOut'] as const;

/** What an issuing handler returns: the call's output plus the token only the transport may keep. */
export type WithSessionToken<T> = T & { readonly token: string };

/**
 * The session handlers. Issuing calls return `WithSessionToken<output>`; this is still assignable
 * to HandlersFor<SessionCalls> (the token is an extra field, which output parsing would drop).
 */
export type SessionHandlers = {
  [K in keyof SessionCalls]: K extends SessionIssuingCall
    ? (
        input: z.output<SessionCalls[K]['input']>,
        ctx: CallContext,
      ) => Promise<WithSessionToken<z.input<SessionCalls[K]['output']>>>
    : Handler<SessionCalls[K]>;
};

/** While the password must change, the session may make only these calls; main refuses the rest. */
export const CALLS_ALLOWED_BEFORE_PASSWORD_CHANGE: readonly string[] = [
  'station.status',
  'session.current',
  'session.changePassword',
  'session.signOut',
];

export function isSessionIssuingCall(name: string): name is SessionIssuingCall {
  return (SESSION_ISSUING_CALLS as readonly string[]).includes(name);
}

export function isSessionEndingCall(name: string): boolean {
  return (SESSION_ENDING_CALLS as readonly string[]).includes(name);
}
