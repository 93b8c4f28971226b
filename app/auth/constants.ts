/**
 * Names shared by server and browser code (this module is safe to import from components).
 */

/** The hidden form field every state-changing form carries its CSRF token in. */
export const CSRF_FIELD = 'csrf';

/** The login page; the guard redirects here with `?next=` the page that was asked for. */
export const LOGIN_PATH = '/login';
