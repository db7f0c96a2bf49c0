// svg2pdf.js' ES build, imported by path: its package "main" is a UMD script inside a "type": "module" package, which
// Node (and Vitest) cannot load as a module.
declare module 'svg2pdf.js/dist/svg2pdf.es.min.js' {
  export * from 'svg2pdf.js';
}
