/**
 * `tsc` cannot read `.astro` files; Astro's own tooling type-checks their insides. For `tsc`, an
 * imported component is an Astro component factory.
 */
declare module '*.astro' {
  import type { AstroComponentFactory } from 'astro/runtime/server/index.js';
  const component: AstroComponentFactory;
  export default component;
}
