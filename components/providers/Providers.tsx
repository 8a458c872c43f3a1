"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, loggerLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import dynamic from "next/dynamic";
import type { AppRouter } from "@/server/api/root";
import { useToasterWanted } from "@/components/ui/toast";
import { TRPCProvider } from "./trpc";

// Mounted with the first notification (components/ui/toast.ts): notifications only ever follow an action.
const Toaster = dynamic(() => import("sonner").then((m) => m.Toaster), { ssr: false });

function Notifications() {
  return useToasterWanted() ? <Toaster richColors position="bottom-right" closeButton /> : null;
}

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Retrying a refusal (not found, forbidden, bad input) cannot help.
        retry: (failureCount, error) => {
          const code = (error as { data?: { httpStatus?: number } }).data?.httpStatus;
          return (code === undefined || code >= 500) && failureCount < 2;
        },
      },
    },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({ enabled: (op) => process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error }),
        httpBatchLink({ url: "/api/trpc", transformer: superjson }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
        <Notifications />
      </TRPCProvider>
    </QueryClientProvider>
  );
}
