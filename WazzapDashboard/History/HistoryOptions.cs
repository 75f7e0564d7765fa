using System.ComponentModel.DataAnnotations;

namespace WazzapDashboard.History;

/// <summary>
/// Section <c>History</c>: what is kept, and how long. Ages are measured from each event's own time.
///
/// | what                                                                      | kept for          |
/// |---------------------------------------------------------------------------|-------------------|
/// | status-bearing events (connections, disconnections, bans, confirmations, a failed message that says banned) and notes | StatusEventDays |
/// | message activity per number and hour (sent, delivered, read, received, failed) | ActivityDays |
/// | raw message rows and their payloads                                       | RawPayloadDays    |
/// </summary>
public sealed class HistoryOptions : IValidatableObject
{
    [Range(1, 36_500)]
    public int StatusEventDays { get; set; } = 730;

    [Range(1, 36_500)]
    public int ActivityDays { get; set; } = 400;

    [Range(1, 36_500)]
    public int RawPayloadDays { get; set; } = 7;

    /// <summary>How often the pruner runs (it also runs on demand from the Storage page).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per transaction: each batch holds the single writer for a few milliseconds at most.</summary>
    [Range(1, 100_000)]
    public int PruneBatchSize { get; set; } = 500;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RawPayloadDays > ActivityDays)
        {
            yield return new ValidationResult("History:RawPayloadDays must not exceed History:ActivityDays.");
        }
    }

    /// <summary>Raw message rows older than this are gone (or about to be): the counters speak for them. On an hour boundary.</summary>
    public DateTimeOffset RawCutoff(DateTimeOffset now) => Fleet.MessageCounts.HourStart(now.AddDays(-RawPayloadDays));
}
