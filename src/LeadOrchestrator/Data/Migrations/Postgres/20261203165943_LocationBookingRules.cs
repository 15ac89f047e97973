using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LocationBookingRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "buffer_minutes",
                table: "locations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "horizon_days",
                table: "locations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "minimum_notice_minutes",
                table: "locations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "slot_minutes",
                table: "locations",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "buffer_minutes",
                table: "locations");

            migrationBuilder.DropColumn(
                name: "horizon_days",
                table: "locations");

            migrationBuilder.DropColumn(
                name: "minimum_notice_minutes",
                table: "locations");

            migrationBuilder.DropColumn(
                name: "slot_minutes",
                table: "locations");
        }
    }
}
