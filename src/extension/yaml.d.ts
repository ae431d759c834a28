// esbuild loads .yaml files as text (scripts/build.mjs).
declare module '*.yaml' {
  const text: string;
  export default text;
}
