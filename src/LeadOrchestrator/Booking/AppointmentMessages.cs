using System.Globalization;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging.Channels;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Booking;

/// <summary>Everything a notice needs to say: the appointment, who and where, and the customer's chat link.</summary>
public sealed record AppointmentFacts(Appointment Appointment, Lead Lead, Location Location, ServiceCatalogItem Service, Uri ChatLink)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(Location.TimeZone);

    public DateTime LocalStart => TimeZoneInfo.ConvertTime(Appointment.StartsAt, Zone).DateTime;

    public DateTime LocalEnd => TimeZoneInfo.ConvertTime(Appointment.EndsAt, Zone).DateTime;

    /// <summary>"Sat, Nov 28 at 9:00 AM" / "sáb 28 nov a las 9:00 am", in the shop's own time zone.</summary>
    public string When => Spanish
        ? $"{ShopText.Day(DateOnly.FromDateTime(LocalStart), LeadLanguage.Spanish)} a las {LocalStart.ToString("h:mm", CultureInfo.InvariantCulture)} {(LocalStart.Hour < 12 ? "am" : "pm")}"
        : LocalStart.ToString("ddd, MMM d 'at' h:mm tt", CultureInfo.InvariantCulture);

    public string Address => ShopText.PostalAddress(Location);

    /// <summary>Notices speak the lead's language.</summary>
    public bool Spanish => Lead.IsSpanish();
}

/// <summary>
/// The words of appointment notices (SMS and email) and the calendar file, in the lead's language (English or Spanish).
/// Transactional: every one names the shop, the service, the local date and time and the address, and carries the signed
/// chat link that lets the customer reschedule or cancel without an account.
/// </summary>
public static class AppointmentMessages
{
    public static string Sms(NoticeKind kind, AppointmentFacts f)
    {
        var (shop, service) = (f.Location.Name, f.Service.Name);
        if (f.Spanish)
        {
            return kind switch
            {
                NoticeKind.Confirmation => $"{shop}: tiene cita para {service} el {f.When}, {f.Address}. Para cambiarla o cancelarla: {f.ChatLink}",
                NoticeKind.Rescheduled => $"{shop}: su cita de {service} cambia al {f.When}, {f.Address}. Para cambiarla otra vez: {f.ChatLink}",
                NoticeKind.Cancelled => $"{shop}: su cita de {service} del {f.When} queda cancelada. Reserve otra hora cuando quiera: {f.ChatLink}",
                NoticeKind.Reminder24h => $"Recordatorio de {shop}: {service} el {f.When}, {f.Address}. Para cambiarla o cancelarla: {f.ChatLink}",
                NoticeKind.Reminder2h => $"{shop}: lo esperamos el {f.When} para su {service}, {f.Address}. ¿Llega tarde o necesita cambiarla? {f.ChatLink}",
                NoticeKind.Rebook => $"{shop}: lo esperamos para su {service} el {f.When} y no pudo venir. No hay problema, elija otra hora: {f.ChatLink}",
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
            };
        }
        return kind switch
        {
            NoticeKind.Confirmation => $"{shop}: you're booked for {service} on {f.When}, {f.Address}. To reschedule or cancel: {f.ChatLink}",
            NoticeKind.Rescheduled => $"{shop}: your {service} is moved to {f.When}, {f.Address}. To change it again: {f.ChatLink}",
            NoticeKind.Cancelled => $"{shop}: your {service} on {f.When} is cancelled. Book a new time whenever you like: {f.ChatLink}",
            NoticeKind.Reminder24h => $"Reminder from {shop}: {service} on {f.When}, {f.Address}. To reschedule or cancel: {f.ChatLink}",
            NoticeKind.Reminder2h => $"{shop}: see you {f.When} for your {service}, {f.Address}. Running late or need to change? {f.ChatLink}",
            NoticeKind.Rebook => $"{shop}: we missed you for your {service} on {f.When}. No problem — pick a new time here: {f.ChatLink}",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
        };
    }

    public static (string Subject, string Body) Email(NoticeKind kind, AppointmentFacts f) => f.Spanish ? SpanishEmail(kind, f) : EnglishEmail(kind, f);

    private static (string Subject, string Body) EnglishEmail(NoticeKind kind, AppointmentFacts f)
    {
        var (shop, service, name) = (f.Location.Name, f.Service.Name, f.Lead.FirstName is { Length: > 0 } first ? $"Hi {first}," : "Hello,");
        var phone = ShopText.DisplayPhone(f.Location.Phone);
        var details = $"What: {service}\nWhen: {f.When}\nWhere: {f.Location.Name}, {f.Address}";
        var change = $"Need to reschedule or cancel? Use your personal link (no account needed): {f.ChatLink}\nOr call us at {phone}.";
        return kind switch
        {
            NoticeKind.Confirmation => ($"Booked: {service} on {f.When}",
                $"{name}\n\nyou're booked at {shop}. The calendar file attached adds it to your calendar.\n\n{details}\n\n{change}"),
            NoticeKind.Rescheduled => ($"Moved: {service} is now {f.When}",
                $"{name}\n\nyour appointment at {shop} has a new time. The attached calendar file updates your calendar.\n\n{details}\n\n{change}"),
            NoticeKind.Cancelled => ($"Cancelled: {service} on {f.When}",
                $"{name}\n\nyour appointment at {shop} is cancelled; the attached file removes it from your calendar.\n\n{details}\n\nWant another time? Pick one here: {f.ChatLink}"),
            NoticeKind.Reminder24h or NoticeKind.Reminder2h => ($"Reminder: {service} on {f.When}",
                $"{name}\n\na reminder of your appointment at {shop}.\n\n{details}\n\n{change}"),
            NoticeKind.Rebook => ($"We missed you at {shop}",
                $"{name}\n\nwe had you down for {service} on {f.When} and missed you. It happens! Pick a new time whenever it suits you: {f.ChatLink}\n\nOr call us at {phone}."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
        };
    }

    private static (string Subject, string Body) SpanishEmail(NoticeKind kind, AppointmentFacts f)
    {
        var (shop, service, name) = (f.Location.Name, f.Service.Name, f.Lead.FirstName is { Length: > 0 } first ? $"Hola {first}:" : "Hola:");
        var phone = ShopText.DisplayPhone(f.Location.Phone);
        var details = $"Qué: {service}\nCuándo: {f.When}\nDónde: {f.Location.Name}, {f.Address}";
        var change = $"¿Necesita cambiar o cancelar la cita? Use su enlace personal (no necesita cuenta): {f.ChatLink}\nO llámenos al {phone}.";
        return kind switch
        {
            NoticeKind.Confirmation => ($"Cita reservada: {service} el {f.When}",
                $"{name}\n\nSu cita en {shop} está reservada. El archivo de calendario adjunto la agrega a su calendario.\n\n{details}\n\n{change}"),
            NoticeKind.Rescheduled => ($"Cita cambiada: {service} ahora es el {f.When}",
                $"{name}\n\nSu cita en {shop} tiene una nueva hora. El archivo de calendario adjunto actualiza su calendario.\n\n{details}\n\n{change}"),
            NoticeKind.Cancelled => ($"Cita cancelada: {service} del {f.When}",
                $"{name}\n\nSu cita en {shop} está cancelada; el archivo adjunto la quita de su calendario.\n\n{details}\n\n¿Quiere otra hora? Elíjala aquí: {f.ChatLink}"),
            NoticeKind.Reminder24h or NoticeKind.Reminder2h => ($"Recordatorio: {service} el {f.When}",
                $"{name}\n\nLe recordamos su cita en {shop}.\n\n{details}\n\n{change}"),
            NoticeKind.Rebook => ($"Lo esperábamos en {shop}",
                $"{name}\n\nLo esperábamos para {service} el {f.When} y no pudo venir. ¡Pasa a veces! Elija otra hora cuando le convenga: {f.ChatLink}\n\nO llámenos al {phone}."),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
        };
    }

    /// <summary>Notices that carry the calendar file (a cancellation carries one that removes the event).</summary>
    public static bool HasCalendar(NoticeKind kind) => kind is NoticeKind.Confirmation or NoticeKind.Rescheduled or NoticeKind.Cancelled;

    public static EmailAttachment CalendarAttachment(AppointmentFacts f, DateTimeOffset now)
    {
        var cancelled = f.Appointment.Status == AppointmentStatus.Cancelled;
        return new EmailAttachment("appointment.ics", $"text/calendar; charset=utf-8; method={(cancelled ? "CANCEL" : "PUBLISH")}", Calendar(f, now));
    }

    /// <summary>
    /// An iCalendar file with the shop's IANA zone (its VTIMEZONE included), so the event sits at the right
    /// wall-clock time on either side of a DST change. The UID stays with the appointment and SEQUENCE counts
    /// its moves, so a calendar updates the event instead of adding a second one; a cancellation cancels it.
    /// </summary>
    public static string Calendar(AppointmentFacts f, DateTimeOffset now)
    {
        var cancelled = f.Appointment.Status == AppointmentStatus.Cancelled;
        var calendar = new Ical.Net.Calendar { Method = cancelled ? "CANCEL" : "PUBLISH" };
        calendar.AddTimeZone(f.Location.TimeZone);
        calendar.Events.Add(new CalendarEvent
        {
            Uid = $"{f.Appointment.Id}@lead-orchestrator",
            Sequence = f.Appointment.Sequence,
            DtStamp = new CalDateTime(now.UtcDateTime, "UTC"),
            DtStart = new CalDateTime(DateTime.SpecifyKind(f.LocalStart, DateTimeKind.Unspecified), f.Location.TimeZone),
            DtEnd = new CalDateTime(DateTime.SpecifyKind(f.LocalEnd, DateTimeKind.Unspecified), f.Location.TimeZone),
            Summary = f.Spanish ? $"{f.Service.Name} en {f.Location.Name}" : $"{f.Service.Name} at {f.Location.Name}",
            Location = $"{f.Location.Name}, {f.Address}",
            Description = f.Spanish
                ? $"Cambiar o cancelar: {f.ChatLink}\nTeléfono de la tienda: {ShopText.DisplayPhone(f.Location.Phone)}"
                : $"Reschedule or cancel: {f.ChatLink}\nShop phone: {ShopText.DisplayPhone(f.Location.Phone)}",
            Url = f.ChatLink,
            Status = cancelled ? "CANCELLED" : "CONFIRMED",
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("The calendar did not serialize.");
    }
}
