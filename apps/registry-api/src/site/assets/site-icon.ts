/**
 * The site's icon (the browser tab, bookmarks): a magnifying glass, for scrutiny, in the site's
 * accent colour. SVG, which every current browser takes as an icon; no script, no external
 * reference, so the CSP and any image context accept it.
 */
export const SITE_ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#002f6c"/>
<circle cx="14" cy="14" r="7" fill="none" stroke="#ffffff" stroke-width="3"/>
<path d="M19 19l7 7" stroke="#ffbf47" stroke-width="4" stroke-linecap="round"/>
</svg>
`;
