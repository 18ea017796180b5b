/** Parses "ff 53 65 …" (spaces optional) into a Buffer; test helper for the vector files. */
export const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
