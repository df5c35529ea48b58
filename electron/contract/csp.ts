/**
 * The renderer's Content-Security-Policy, served by both shells. Ant Design injects its styles at run
 * time, hence 'unsafe-inline' for styles only; scripts come from the app's own files and nowhere else.
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
