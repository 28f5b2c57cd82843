// Where the end-to-end servers listen (loopback only), and how channels sign in.
export const port = 8090;
export const consolePort = 8092;
export const securePort = 8093;
export const secureConsolePort = 8094;

/** The intake API key of the open-mode server's `e2e` channel. */
export const CHANNEL_KEY = 'e2e-channel-key-0123456789abcdef';
