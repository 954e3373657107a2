// libqp ships no types; the import uses only its decoder.
declare module 'libqp' {
  const libqp: { decode(text: string): Buffer };
  export default libqp;
}
