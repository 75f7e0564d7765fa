// The browser's own time zone, kept in a cookie so the next page is rendered in it from the start
// (Secure over https, as every cookie of the site is).
export function browserTimeZone() {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const secure = location.protocol === "https:" ? "; secure" : "";
    if (zone) document.cookie = `wazzap.browser-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax${secure}`;
    return zone;
}
