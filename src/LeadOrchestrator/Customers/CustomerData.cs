using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Customers;

/// <summary>
/// A customer's data requests (ADR 0029), for the current tenant: everything held about a phone number or email
/// address, table by table, and its erasure. Erasing removes names, contact data, vehicles and message bodies from
/// every table that holds them, keeps the rows themselves (what was sent when, the appointments the calendar still
/// needs, the order id so ShopMonkey's later updates are recognised and ignored), and leaves an opt-out on each of the
/// customer's channels with the address only hashed (<see cref="AddressHasher"/>), so they are never texted or emailed
/// again, even when ShopMonkey sends a new estimate for them. The audit log holds no customer's address or words by
/// design (it is append-only); it records the erasure.
/// </summary>
public sealed class CustomerData(AppDbContext db, CadenceService cadence, AddressHasher hasher, TimeProvider time)
{
    /// <summary>What a redacted body reads.</summary>
    public const string Erased = "[erased at the customer's request]";

    /// <summary>A redacted recipient: the row stays (it was sent), to nobody that can be read.</summary>
    public const string ErasedRecipient = "erased";

    public sealed record Customer(string? Phone, string? Email);

    /// <summary>Every row that names the customer, by table, as stored (secrets are never in these tables).</summary>
    public sealed record Export(string? Phone, string? Email, DateTimeOffset ExportedAt, IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Tables);

    /// <param name="Rows">Per table, how many rows were redacted.</param>
    public sealed record Erasure(string? Phone, string? Email, DateTimeOffset ErasedAt, int Leads, IReadOnlyDictionary<string, int> Rows);

    /// <summary>The rows that are the customer's: their leads and everything that hangs off them, and what names their address.</summary>
    private sealed record Found(List<Guid> LeadIds, List<string> OrderIds, List<Guid> SessionIds, List<Guid> AppointmentIds, List<Guid> DeliveryIds, List<long> ConsentIds)
    {
        public bool Any => LeadIds.Count > 0 || DeliveryIds.Count > 0 || ConsentIds.Count > 0;
    }

    /// <summary>The table a row type is stored in, as the export and the counts name it.</summary>
    private string TableOf<T>() => db.Model.FindEntityType(typeof(T))!.GetTableName()!;

    private static string[] Addresses(Customer c) => new[] { c.Phone, c.Email }.OfType<string>().ToArray();

    private async Task<Found> FindAsync(Customer c, CancellationToken ct)
    {
        var leads = await db.Leads.AsNoTracking().Where(l => (c.Phone != null && l.Phone == c.Phone) || (c.Email != null && l.Email == c.Email))
            .Select(l => new { l.Id, l.ShopMonkeyOrderId }).ToListAsync(ct);
        var leadIds = leads.Select(l => l.Id).ToList();
        var sessionIds = await db.ChatSessions.Where(s => (s.LeadId != null && leadIds.Contains(s.LeadId.Value)) || (c.Phone != null && s.ContactPhone == c.Phone))
            .Select(s => s.Id).ToListAsync(ct);
        var appointmentIds = await db.Appointments.Where(a => leadIds.Contains(a.LeadId)).Select(a => a.Id).ToListAsync(ct);
        var addresses = Addresses(c);
        // A colleague's alert about the customer quotes them: its delivery is theirs too.
        var alerts = db.Set<StaffAlert>().Where(a => a.LeadId != null && leadIds.Contains(a.LeadId.Value)).Select(a => a.Id);
        var alertDeliveries = db.Set<StaffNotification>().Where(n => alerts.Contains(n.AlertId) && n.DeliveryId != null).Select(n => n.DeliveryId!.Value);
        var deliveryIds = await db.MessageDeliveries
            .Where(d => (d.LeadId != null && leadIds.Contains(d.LeadId.Value)) || addresses.Contains(d.Recipient) || alertDeliveries.Contains(d.Id))
            .Select(d => d.Id).ToListAsync(ct);
        var hashes = new List<string>();
        foreach (var a in addresses)
            hashes.Add(await hasher.HashAsync(a, ct));
        var consentIds = await db.ContactConsents.Where(k => addresses.Contains(k.Address) || hashes.Contains(k.Address) || (k.LeadId != null && leadIds.Contains(k.LeadId.Value)))
            .Select(k => k.Id).ToListAsync(ct);
        return new Found(leadIds, leads.Select(l => l.ShopMonkeyOrderId).ToList(), sessionIds, appointmentIds, deliveryIds, consentIds);
    }

    /// <summary>No tables when nothing is held about the customer.</summary>
    public async Task<Export> ExportAsync(Customer c, CancellationToken ct)
    {
        var f = await FindAsync(c, ct);
        var tables = new Dictionary<string, IReadOnlyList<JsonElement>>(StringComparer.Ordinal);
        async Task Add<T>(IQueryable<T> rows) where T : class
        {
            var list = await rows.AsNoTracking().ToListAsync(ct);
            if (list.Count > 0)
                tables[TableOf<T>()] = list.Select(r => JsonSerializer.SerializeToElement(r, ApiJson.Options)).ToList();
        }
        if (!f.Any)
            return new Export(c.Phone, c.Email, time.GetUtcNow(), tables);
        await Add(db.Leads.Where(l => f.LeadIds.Contains(l.Id)));
        await Add(db.TouchPoints.Where(t => f.LeadIds.Contains(t.LeadId)));
        await Add(db.MessageDeliveries.Where(d => f.DeliveryIds.Contains(d.Id)));
        await Add(db.ContactConsents.Where(k => f.ConsentIds.Contains(k.Id)));
        await Add(db.ChatSessions.Where(s => f.SessionIds.Contains(s.Id)));
        await Add(db.ChatMessages.Where(m => f.SessionIds.Contains(m.SessionId)));
        await Add(db.ConversationNotes.Where(n => f.SessionIds.Contains(n.SessionId)));
        await Add(db.Handoffs.Where(h => f.SessionIds.Contains(h.SessionId)));
        await Add(db.Appointments.Where(a => f.AppointmentIds.Contains(a.Id)));
        await Add(db.AppointmentNotices.Where(n => f.AppointmentIds.Contains(n.AppointmentId)));
        await Add(db.InboundEvents.Where(e => (e.LeadId != null && f.LeadIds.Contains(e.LeadId.Value)) || (e.EntityId != null && f.OrderIds.Contains(e.EntityId))));
        await Add(db.AuditLog.Where(a => a.LeadId != null && f.LeadIds.Contains(a.LeadId.Value)));
        // Personal data left the system: on the record (which ids, never the address).
        AuditRecorder.Add(db, AuditActions.CustomerExported, db.CurrentTenantId!.Value, null, time.GetUtcNow(), "customer", null, null, new { leadIds = f.LeadIds });
        await db.SaveChangesAsync(ct);
        return new Export(c.Phone, c.Email, time.GetUtcNow(), tables);
    }

    /// <summary>All of it or nothing, in one transaction; when nothing is held about the customer, nothing changes (no lead, no rows).</summary>
    public Task<Erasure> EraseAsync(Customer c, CancellationToken ct) => db.RetryOnConflictAsync(c2 => db.InTransactionAsync(async token =>
    {
        var f = await FindAsync(c, token);
        var now = time.GetUtcNow();
        if (!f.Any)
            return new Erasure(c.Phone, c.Email, now, 0, new Dictionary<string, int>());
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count<T>(int n) => rows[TableOf<T>()] = rows.GetValueOrDefault(TableOf<T>()) + n;

        // The leads: their follow-ups stop (on the record, as every stop is), then what names the customer goes.
        var leads = await db.Leads.Where(l => f.LeadIds.Contains(l.Id)).ToListAsync(token);
        var phones = leads.Select(l => l.Phone).Append(c.Phone).OfType<string>().Distinct().ToList();
        var emails = leads.Select(l => l.Email).Append(c.Email).OfType<string>().Distinct().ToList();
        foreach (var lead in leads)
        {
            await cadence.StopAsync(lead, StopReasons.Erased, token);
            (lead.FirstName, lead.LastName, lead.Phone, lead.Email) = (null, null, null, null);
            (lead.VehicleYear, lead.VehicleMake, lead.VehicleModel, lead.VehicleSubmodel) = (null, null, null, null);
            (lead.ShopMonkeyCustomerId, lead.ShopMonkeyVehicleId) = (null, null);
            (lead.SmsStopReason, lead.EmailStopReason, lead.ErasedAt, lead.UpdatedAt) = (StopReasons.Erased, StopReasons.Erased, now, now);
        }
        Count<Lead>(leads.Count);

        // Their opt-outs stay, hashed; and they are opted out of each channel now, so no new estimate texts them again.
        foreach (var (channel, addresses) in new[] { (Channel.Sms, phones), (Channel.Email, emails) })
        {
            foreach (var address in addresses)
            {
                var hash = await hasher.HashAsync(address, token);
                Count<ContactConsent>(await db.ContactConsents.Where(k => k.Channel == channel && k.Address == address)
                    .ExecuteUpdateAsync(u => u.SetProperty(k => k.Address, hash).SetProperty(k => k.Detail, (string?)null), token));
                db.ContactConsents.Add(new ContactConsent
                {
                    TenantId = db.CurrentTenantId!.Value, Channel = channel, Address = hash, Status = ConsentStatus.OptedOut, Source = ConsentSources.Erasure,
                    LeadId = leads.FirstOrDefault()?.Id, CreatedAt = now,
                });
            }
        }
        Count<ContactConsent>(await db.ContactConsents.Where(k => f.ConsentIds.Contains(k.Id) && k.Detail != null)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.Detail, (string?)null), token));

        var contact = phones.Concat(emails).ToList();
        Count<MessageDelivery>(await db.MessageDeliveries.Where(d => f.DeliveryIds.Contains(d.Id)).ExecuteUpdateAsync(u => u
            .SetProperty(d => d.Recipient, d => contact.Contains(d.Recipient) ? ErasedRecipient : d.Recipient)
            .SetProperty(d => d.Body, Erased).SetProperty(d => d.Subject, d => d.Subject == null ? null : Erased)
            .SetProperty(d => d.BodyHtml, (string?)null).SetProperty(d => d.Attachments, (string?)null).SetProperty(d => d.ErrorMessage, (string?)null), token));
        Count<TouchPoint>(await db.TouchPoints.Where(t => f.LeadIds.Contains(t.LeadId) && t.LastError != null)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastError, (string?)null), token));
        Count<ChatSession>(await db.ChatSessions.Where(s => f.SessionIds.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.ContactPhone, (string?)null), token));
        Count<ChatMessage>(await db.ChatMessages.Where(m => f.SessionIds.Contains(m.SessionId)).ExecuteUpdateAsync(u => u.SetProperty(m => m.Content, Erased), token));
        Count<ConversationNote>(await db.ConversationNotes.Where(n => f.SessionIds.Contains(n.SessionId)).ExecuteUpdateAsync(u => u.SetProperty(n => n.Text, Erased), token));
        Count<Appointment>(await db.Appointments.Where(a => f.AppointmentIds.Contains(a.Id) && a.SyncError != null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SyncError, (string?)null), token));
        // Reminders to nobody: skipped, said why.
        Count<AppointmentNotice>(await db.AppointmentNotices.Where(n => f.AppointmentIds.Contains(n.AppointmentId) && n.Status == NoticeStatus.Scheduled)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Status, NoticeStatus.Skipped).SetProperty(n => n.Detail, "the customer was erased"), token));
        // ShopMonkey's copy of our booking names the customer in the shop's calendar we mirror.
        var smAppointments = db.Appointments.Where(a => f.AppointmentIds.Contains(a.Id) && a.ShopMonkeyAppointmentId != null).Select(a => a.ShopMonkeyAppointmentId!);
        Count<ShopCalendarBlock>(await db.ShopCalendarBlocks.Where(b => smAppointments.Contains(b.ShopMonkeyAppointmentId))
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Name, (string?)null), token));
        // ShopMonkey's webhook bodies and our errors about them may quote the customer.
        Count<InboundEvent>(await db.InboundEvents.Where(e => (e.LeadId != null && f.LeadIds.Contains(e.LeadId.Value)) || (e.EntityId != null && f.OrderIds.Contains(e.EntityId)))
            .ExecuteUpdateAsync(u => u.SetProperty(e => e.Payload, "{}").SetProperty(e => e.LastError, (string?)null), token));

        AuditRecorder.Add(db, AuditActions.CustomerErased, db.CurrentTenantId!.Value, null, now, "customer", null, null,
            new { leads = leads.Count, leadIds = f.LeadIds, sms = phones.Count > 0, email = emails.Count > 0 });
        await db.SaveChangesAsync(token);
        return new Erasure(c.Phone, c.Email, now, leads.Count, rows.Where(r => r.Value > 0).ToDictionary(r => r.Key, r => r.Value));
    }, c2), ct);
}
