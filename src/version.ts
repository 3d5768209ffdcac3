/** vstor's version: written into every document it makes (test/fleet checks it against package.json). */
export const VERSION = '0.4.0';
