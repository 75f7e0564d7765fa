// Pages such as the wall run unattended for weeks: after a network drop or a server restart they
// must come back by themselves. While the circuit is down, or the wall's own check gets no answer
// (Wall.razor.js, event "wazzap:live"), the dialog says since when the page is not live; once Blazor
// gives up retrying, we keep probing /healthz and reload when the server answers.
const reconnectModal = document.getElementById("components-reconnect-modal");
reconnectModal.addEventListener("components-reconnect-state-changed", handleReconnectStateChanged);
document.addEventListener("wazzap:live", handleWallLiveness);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

const probeIntervalMs = 5000;
const blazorStates = ["components-reconnect-show", "components-reconnect-retrying", "components-reconnect-failed",
    "components-reconnect-paused", "components-reconnect-resume-failed"];
let probing = false;

function open() {
    if (reconnectModal.open) return;
    // The wall knows its own time (the server's clock); elsewhere, the browser's, in the page's language
    // and in the zone the viewer chose (data-viewer-zone), as the page shows its times.
    const html = document.documentElement;
    const since = html.dataset.liveAt
        ?? new Date().toLocaleTimeString(html.lang || [], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: html.dataset.viewerZone || undefined });
    document.getElementById("not-live-since").textContent = since;
    reconnectModal.classList.toggle("wall-mode", document.querySelector(".wall") !== null);
    reconnectModal.showModal();
}

function close() {
    reconnectModal.classList.remove("watchdog");
    reconnectModal.close();
}

function handleReconnectStateChanged(event) {
    const state = event.detail.state;
    if (state === "show" || state === "paused") {
        reconnectModal.classList.remove("watchdog");
        open();
    } else if (state === "hide") {
        close();
    } else if (state === "failed") {
        probeUntilServerIsBack();
    } else if (state === "rejected") {
        location.reload();
    }
}

function handleWallLiveness(event) {
    const blazorIsReconnecting = blazorStates.some(c => reconnectModal.classList.contains(c));
    if (!event.detail.live) {
        if (blazorIsReconnecting) return;
        reconnectModal.classList.add("watchdog");
        open();
    } else if (reconnectModal.classList.contains("watchdog") && !blazorIsReconnecting) {
        close();
    }
}

async function probeUntilServerIsBack() {
    if (probing) return;
    probing = true;
    while (true) {
        await new Promise(resolve => setTimeout(resolve, probeIntervalMs));
        try {
            const response = await fetch("healthz", { cache: "no-store" });
            if (response.ok) {
                probing = false;
                await retry();
                return;
            }
        } catch {
            // Still unreachable: keep probing.
        }
    }
}

async function retry() {
    try {
        // true: reconnected; false: the server is up but no longer knows this circuit.
        const successful = await Blazor.reconnect();
        if (!successful) {
            const resumed = await Blazor.resumeCircuit();
            if (!resumed) {
                location.reload();
            } else {
                close();
            }
        }
    } catch {
        probeUntilServerIsBack();
    }
}

async function resume() {
    try {
        const successful = await Blazor.resumeCircuit();
        if (!successful) {
            location.reload();
        }
    } catch {
        reconnectModal.classList.replace("components-reconnect-paused", "components-reconnect-resume-failed");
    }
}
