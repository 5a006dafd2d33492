export interface DecodedProfile {
    sampleTypes: Array<{
        type: string;
        unit: string;
    }>;
    samples: Array<{
        values: number[];
        labels: Record<string, string>;
    }>;
    stringTable: string[];
    periodType?: {
        type: string;
        unit: string;
    };
    period: number;
}
export declare function decodePprof(gzipped: Uint8Array): DecodedProfile;
//# sourceMappingURL=pprof-wire-decoder.d.ts.map