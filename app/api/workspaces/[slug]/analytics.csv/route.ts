import { csvRoute } from "@/server/api/csvDownload";

export const GET = csvRoute("analytics");
