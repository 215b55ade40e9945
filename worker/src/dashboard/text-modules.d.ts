// Text modules: wrangler's and vitest-pool-workers' `**/*.txt` rule and scripts/serve.ts's esbuild `.txt` loader
// import such a file's contents as a string (used for the dashboard's generated browser bundle).
declare module "*.txt" {
  const text: string;
  export default text;
}
