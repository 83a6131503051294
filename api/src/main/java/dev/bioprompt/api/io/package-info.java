/** Small file and text helpers shared by the modules. */
package dev.bioprompt.api.io;
