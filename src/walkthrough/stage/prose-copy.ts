/** A step's prose section (`#step-<id>`), copied from the page without its ids and heading links, for the stage and the print view. */
export function proseCopyOf(anchor: string): Node[] {
  const section = document.getElementById(anchor);
  if (!section) return [];
  const copy = section.cloneNode(true) as HTMLElement;
  for (const element of [copy, ...copy.querySelectorAll('[id]')]) element.removeAttribute('id');
  for (const link of copy.querySelectorAll('.heading-anchor')) link.remove();
  return [...copy.childNodes];
}
