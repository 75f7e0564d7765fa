// The wall's browser side. A circuit can look connected while nothing arrives (a half-open network,
// a stuck server): ask the server for the time every few seconds and, when no answer has come for too
// long, tell the reconnect dialog (ReconnectModal.razor.js), which greys the wall out until answers
// come back. Also the optional chime, generated with Web Audio (no sound file to fetch).
let current = null;

function setLive(live) {
    document.dispatchEvent(new CustomEvent("wazzap:live", { detail: { live } }));
}

/** Starts the check for one wall; returns its handle, whose stop() ends it. */
export function watch(wall, pingMs, staleMs, time) {
    current?.stop();
    let lastAnswer = Date.now();
    let stale = false;
    // The wall's own time of its last answer, for "NOT LIVE since 14:03".
    document.documentElement.dataset.liveAt = time;
    const timer = setInterval(() => {
        wall.invokeMethodAsync("Ping").then(time => {
            lastAnswer = Date.now();
            if (current === watcher) document.documentElement.dataset.liveAt = time;
            if (stale) {
                stale = false;
                setLive(true);
            }
        }, () => { /* counted as no answer */ });
        if (!stale && Date.now() - lastAnswer > staleMs) {
            stale = true;
            setLive(false);
        }
    }, pingMs);
    const watcher = {
        stop() {
            clearInterval(timer);
            if (stale) setLive(true);
            if (current === watcher) {
                current = null;
                delete document.documentElement.dataset.liveAt;
            }
        },
    };
    current = watcher;
    return watcher;
}

let audio = null;

export function chime() {
    audio ??= new AudioContext();
    // A browser that still wants a click before sound keeps the context suspended: stay silent.
    if (audio.state !== "running") audio.resume().catch(() => { });
    const now = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.18, 660]]) {
        const tone = audio.createOscillator();
        const volume = audio.createGain();
        tone.frequency.value = frequency;
        volume.gain.setValueAtTime(0.0001, now + offset);
        volume.gain.exponentialRampToValueAtTime(0.3, now + offset + 0.02);
        volume.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.16);
        tone.connect(volume).connect(audio.destination);
        tone.start(now + offset);
        tone.stop(now + offset + 0.17);
    }
}
