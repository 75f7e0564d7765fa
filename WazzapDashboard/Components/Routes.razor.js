// The browser's own time zone, kept in a cookie so the next page is rendered in it from the start.
export function browserTimeZone() {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) document.cookie = `wazzap.browser-tz=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    return zone;
}
