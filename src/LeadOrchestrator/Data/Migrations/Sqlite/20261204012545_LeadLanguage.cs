using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadOrchestrator.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LeadLanguage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "leads",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "en");

            migrationBuilder.AddColumn<string>(
                name: "language_source",
                table: "leads",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "default");

            migrationBuilder.AddColumn<string>(
                name: "spanish_body",
                table: "cadence_steps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "spanish_subject",
                table: "cadence_steps",
                type: "TEXT",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "language",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "language_source",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "spanish_body",
                table: "cadence_steps");

            migrationBuilder.DropColumn(
                name: "spanish_subject",
                table: "cadence_steps");
        }
    }
}
