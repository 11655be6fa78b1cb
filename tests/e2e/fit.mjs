// What a browser's text-size setting does to a page on a small phone, measured.

/**
 * Makes everything in rem grow to 200 %, as a browser's text-size setting does. (Set
 * through the CSSOM: an inline <style> would be refused by the app's CSP.)
 */
export async function bigText(page) {
  await page.evaluate(() => document.documentElement.style.setProperty('font-size', '200%', 'important'));
}

/**
 * Measures the page as it is now: how far it scrolls sideways, and every visible control
 * (buttons, links, fields, choices) that sticks out of the screen or of the box it is laid
 * out in. A control can spill out of its card without the page scrolling sideways, so
 * both are measured. `buttons` counts the buttons measured, so a caller can refuse a
 * check that found nothing to check.
 */
export async function measureFit(page) {
  return page.evaluate(() => {
    const CONTROLS = 'button, .button, [role=button], a[href], input, select, textarea, summary, label.choice, label.chip';
    const BUTTONS = 'button, .button, [role=button]';
    const SLACK = 0.5; // sub-pixel rounding, not a spill
    const screen = document.documentElement.clientWidth;
    // The box a control is laid out in: its nearest ancestor that makes a block box (an
    // inline parent such as a <span> or a <p>'s text run is not a box to stay inside).
    const boxOf = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const display = getComputedStyle(p).display;
        if (!display.startsWith('inline') && display !== 'contents') return p;
      }
      return document.documentElement;
    };
    const name = (el) => `${el.tagName.toLowerCase()}${el.className ? `.${[...el.classList].join('.')}` : ''} "${(el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 40)}"`;
    const spills = [];
    let controls = 0;
    let buttons = 0;
    for (const el of document.querySelectorAll(CONTROLS)) {
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      controls += 1;
      if (el.matches(BUTTONS)) buttons += 1;
      const r = el.getBoundingClientRect();
      const box = boxOf(el);
      const b = box.getBoundingClientRect();
      if (r.left < -SLACK || r.right > screen + SLACK) {
        spills.push(`${name(el)} is off the screen (${Math.round(r.left)}–${Math.round(r.right)} of ${screen} px)`);
      } else if (r.left < b.left - SLACK || r.right > b.right + SLACK) {
        spills.push(`${name(el)} sticks out of its ${box.tagName.toLowerCase()}.${[...box.classList].join('.')} (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(b.left)}–${Math.round(b.right)} px)`);
      }
    }
    return { sideways: document.documentElement.scrollWidth - window.innerWidth, controls, buttons, spills };
  });
}
