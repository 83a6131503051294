/** Small file helpers shared by the modules. */
package dev.bioprompt.api.io;
