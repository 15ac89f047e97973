using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Demo;

/// <summary>
/// A working day for the demo shop's console on the first run: six sample customers in different
/// stages and channels — one waiting for a person, one mid-conversation by text, one writing in Spanish,
/// one booked, one won in the shop, one who opted out. Each is marked <see cref="Lead.IsSample"/> (left out of every figure);
/// none has a cadence running and no appointment notice is planned for one, so no automation ever
/// messages a sample (what staff send them lands in the demo's outbox, like every demo message). Added
/// once per database.
/// </summary>
public static class SampleLeads
{
    public static async Task AddAsync(AppDbContext db, Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Leads.AcrossTenants().AnyAsync(l => l.TenantId == tenantId && l.IsSample, ct))
            return;
        var location = await db.Locations.AcrossTenants().Include(l => l.Hours).FirstAsync(l => l.TenantId == tenantId, ct);
        var catalog = await db.ServiceCatalog.AcrossTenants().Where(s => s.TenantId == tenantId && s.Active).ToListAsync(ct);
        ServiceCatalogItem Service(string name) => catalog.FirstOrDefault(s => s.Name.Contains(name, StringComparison.OrdinalIgnoreCase)) ?? catalog[0];
        var n = 0;

        Lead Sample(string first, string last, string phone, int year, string make, string model, string service, TimeSpan ago)
        {
            var at = now - ago;
            var lead = new Lead
            {
                Id = Guid.CreateVersion7(at), TenantId = tenantId, LocationId = location.Id, ShopMonkeyOrderId = $"sample-{++n}", ShopMonkeyOrderNumber = $"S-10{n}",
                FirstName = first, LastName = last, Phone = phone, Email = $"{first}.{last}@example.com".ToLowerInvariant(),
                VehicleYear = year, VehicleMake = make, VehicleModel = model, EstimateName = Service(service).Name, EstimateTotalCents = Service(service).PriceCents,
                OrderStatus = "Estimate", Source = LeadSource.Webhook, CadenceStatus = CadenceStatus.Stopped, StopReason = StopReasons.Engaged, StoppedAt = at,
                IsSample = true, OrderCreatedAt = at, OrderUpdatedAt = at, CreatedAt = at, UpdatedAt = at,
            };
            db.Leads.Add(lead);
            return lead;
        }

        ChatSession Conversation(Lead lead, params (ChatRole Role, ConversationChannel Channel, string Text, TimeSpan Ago)[] messages)
        {
            var session = new ChatSession
            {
                Id = Guid.CreateVersion7(now - messages[0].Ago), TenantId = tenantId, LeadId = lead.Id, LocationId = location.Id,
                CreatedAt = now - messages[0].Ago, UpdatedAt = now - messages[^1].Ago, LastMessageAt = now - messages[^1].Ago,
            };
            db.ChatSessions.Add(session);
            foreach (var (role, channel, text, ago) in messages)
            {
                db.ChatMessages.Add(new ChatMessage
                {
                    Id = Guid.CreateVersion7(now - ago), TenantId = tenantId, SessionId = session.Id, LeadId = lead.Id, Role = role, Channel = channel,
                    Content = text, Provider = role == ChatRole.Assistant ? "offline" : null, Model = role == ChatRole.Assistant ? Chat.OfflineAssistant.ModelId : null,
                    CostUsd = role == ChatRole.Assistant ? 0 : null, ReplyState = role == ChatRole.Customer && channel == ConversationChannel.Sms ? SmsReplyState.Skipped : null,
                    CreatedAt = now - ago,
                });
            }
            return session;
        }

        var min = TimeSpan.FromMinutes(1);
        var tint = Service("Ceramic").Name;

        // Waiting for a person: she asked for one, six minutes ago.
        var maria = Sample("Maria", "Lopez", "+15125550161", 2021, "Honda", "Civic", "Ceramic", 50 * min);
        var waiting = Conversation(maria,
            (ChatRole.Customer, ConversationChannel.Web, "Hi! How much is ceramic tint for my Civic?", 9 * min),
            (ChatRole.Assistant, ConversationChannel.Web, $"{tint}: ${Service("Ceramic").PriceCents / 100}. It takes about three hours. Want me to find you a time?", 9 * min - TimeSpan.FromSeconds(4)),
            (ChatRole.Customer, ConversationChannel.Web, "Can someone call me? I also have a chip in the windshield I want to ask about.", 6 * min),
            (ChatRole.Assistant, ConversationChannel.Web, $"I've let the team at {location.Name} know, and someone will get back to you shortly.", 6 * min - TimeSpan.FromSeconds(3)));
        (waiting.NeedsStaff, waiting.NeedsStaffReason, waiting.NeedsStaffAt) = (true, "customer asked", now - 6 * min);
        // On record as every handoff is, so her page's timeline says when she asked.
        db.Handoffs.Add(new Handoff
        {
            Id = Guid.CreateVersion7(now - 6 * min), TenantId = tenantId, SessionId = waiting.Id, LeadId = maria.Id, LocationId = location.Id,
            Reason = "customer asked", RaisedAt = now - 6 * min,
        });

        // Mid-conversation by text, staff have it, and his last text waits for them.
        var dev = Sample("Dev", "Patel", "+15125550162", 2023, "Tesla", "Model Y", "Ceramic", 3 * TimeSpan.FromHours(1));
        var texting = Conversation(dev,
            (ChatRole.Customer, ConversationChannel.Sms, "Do you have anything Thursday after 4?", 40 * min),
            (ChatRole.Assistant, ConversationChannel.Sms, "Free times Thursday: 4:00 pm, 4:30 pm. Reply with the one you want.", 40 * min - TimeSpan.FromSeconds(5)),
            (ChatRole.Customer, ConversationChannel.Sms, "4:30 works. Do you also do PPF on the front bumper?", 3 * min));
        (texting.StaffTakeover, texting.AwaitingReplySince) = (true, now - 3 * min);

        // Writing in Spanish on the web: the assistant answered in Spanish, and her lead's language says so.
        var rosa = Sample("Rosa", "Martínez", "+15125550166", 2021, "Toyota", "RAV4", "Ceramic", 2 * TimeSpan.FromHours(1));
        (rosa.Language, rosa.LanguageSource) = (LeadLanguage.Spanish, LanguageSource.Detected);
        Conversation(rosa,
            (ChatRole.Customer, ConversationChannel.Web, "Hola, ¿cuánto cuesta el polarizado cerámico para mi RAV4?", 90 * min),
            (ChatRole.Assistant, ConversationChannel.Web, $"Sí, lo hacemos. {tint}: ${Service("Ceramic").PriceCents / 100}. Tarda unas tres horas. ¿Quiere que le busque una hora?", 90 * min - TimeSpan.FromSeconds(4)),
            (ChatRole.Customer, ConversationChannel.Web, "Gracias, lo pienso y le aviso.", 80 * min),
            (ChatRole.Assistant, ConversationChannel.Web, "¡Con gusto! Aquí estamos cuando guste.", 80 * min - TimeSpan.FromSeconds(3)));

        // Booked for the next open day at 10.
        var chris = Sample("Chris", "Nguyen", "+15125550163", 2020, "Ford", "F-150", "Ceramic", TimeSpan.FromDays(1));
        chris.StopReason = StopReasons.Booked;
        Conversation(chris,
            (ChatRole.Customer, ConversationChannel.Web, "Can I book ceramic tint for my truck?", TimeSpan.FromHours(20)),
            (ChatRole.Assistant, ConversationChannel.Web, "You're booked. We'll text you a reminder the day before.", TimeSpan.FromHours(20) - TimeSpan.FromSeconds(6)));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(1);
        for (var i = 0; i < 7 && AvailabilityEngine.HoursOn(location.Hours, day) is not { IsClosed: false }; i++)
            day = day.AddDays(1);
        var start = QuietHours.AtLocal(day, new TimeOnly(10, 0), zone);
        var booked = Service("Ceramic");
        db.Appointments.Add(new Appointment
        {
            Id = Guid.CreateVersion7(now), TenantId = tenantId, LeadId = chris.Id, LocationId = location.Id, ServiceId = booked.Id, StartsAt = start,
            EndsAt = start + TimeSpan.FromMinutes(Math.Max(booked.DurationMinutes, 60)), Status = AppointmentStatus.Booked, SyncState = SyncState.Synced,
            CreatedAt = now - TimeSpan.FromHours(20), UpdatedAt = now - TimeSpan.FromHours(20),
        });

        // Won in the shop: the estimate became an invoice.
        var alex = Sample("Alex", "Kim", "+15125550164", 2019, "Toyota", "Camry", "Sun Strip", TimeSpan.FromDays(5));
        (alex.OrderStatus, alex.OrderInvoiced, alex.OrderPaid, alex.ConvertedAt, alex.StopReason) = ("Invoice", true, true, now - TimeSpan.FromDays(2), StopReasons.Converted);
        Conversation(alex,
            (ChatRole.Customer, ConversationChannel.Sms, "Thanks, see you Saturday!", TimeSpan.FromDays(4)),
            (ChatRole.Assistant, ConversationChannel.Sms, "See you then!", TimeSpan.FromDays(4) - TimeSpan.FromSeconds(3)));

        // Opted out by text.
        var jordan = Sample("Jordan", "Smith", "+15125550165", 2022, "Jeep", "Wrangler", "Ceramic", TimeSpan.FromDays(3));
        jordan.StopReason = StopReasons.OptedOut;
        Conversation(jordan, (ChatRole.Customer, ConversationChannel.Sms, "STOP", TimeSpan.FromDays(2)));
        db.ContactConsents.Add(new ContactConsent
        {
            TenantId = tenantId, Channel = Channel.Sms, Address = jordan.Phone!, Status = ConsentStatus.OptedOut, Source = ConsentSources.SmsKeyword,
            Detail = "STOP", LeadId = jordan.Id, CreatedAt = now - TimeSpan.FromDays(2),
        });
        await db.SaveChangesAsync(ct);
    }
}
