using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneActiveAppointmentPerLead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_appointments_lead_id",
                table: "appointments");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_lead_id",
                table: "appointments",
                column: "lead_id",
                unique: true,
                filter: "status IN ('booked', 'rescheduled')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_appointments_lead_id",
                table: "appointments");

            migrationBuilder.CreateIndex(
                name: "ix_appointments_lead_id",
                table: "appointments",
                column: "lead_id");
        }
    }
}
