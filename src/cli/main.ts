/**
 * The command-line entry point: the only module that reads argv, writes files and sets exit codes.
 */
import { Command } from "commander";

const program = new Command();
program.name("varlink-codegen").description("TypeScript code generator for Varlink interfaces");
program.parse(process.argv);
