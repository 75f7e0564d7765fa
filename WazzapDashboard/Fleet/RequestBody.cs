namespace WazzapDashboard.Fleet;

/// <summary>Reads a request body whole, refusing one over a size limit before or while reading it.</summary>
public static class RequestBody
{
    /// <summary>The body's bytes, or null when it is over <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes)
    {
        var aborted = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes) return null;
            // Senders usually give a Content-Length: read exactly that many bytes, with no buffer to grow.
            var body = new byte[length];
            await request.Body.ReadExactlyAsync(body, aborted);
            return body;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, aborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
