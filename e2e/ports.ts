// Where the end-to-end servers listen (loopback only).
export const port = 8090;
export const consolePort = 8092;
export const securePort = 8093;
export const secureConsolePort = 8094;
