namespace WazzapDashboard.Fleet;

/// <summary>
/// Whether a view of a number committed by another instance may replace the view a subscriber holds.
/// One instance publishes its views in commit order; two instances' views interleave in no set order, so
/// a view can arrive after a newer one. <see cref="NumberView.LastEventAt"/> is the number's clock: the
/// writer keeps the newest event time (<see cref="StatusRules"/>), check-ins and confirmations are events
/// too, and only a purge (a view with <see cref="NumberView.RemovedAt"/>) takes it back to none. A view with
/// an earlier time was committed before an event the held view has seen. Changes that carry no event
/// (roster edits, "on it", risk and silence) keep the time: between equal times the later arrival wins.
///
/// | held last event | arriving last event | arriving replaces held                           |
/// |-----------------|---------------------|--------------------------------------------------|
/// | none            | any                 | yes                                              |
/// | t               | t or later          | yes                                              |
/// | t               | before t            | no: committed before an event the held one saw   |
/// | t               | none, held removed  | yes: a purged number added again starts over     |
/// | t               | none, held on roster| no: committed before the number's first event    |
/// </summary>
public static class ViewOrder
{
    public static bool Replaces(NumberView arriving, NumberView held) =>
        (held.LastEventAt, arriving.LastEventAt) switch
        {
            (null, _) => true,
            ({ } h, { } a) => a >= h,
            (_, null) => held.RemovedAt is not null,
        };
}
