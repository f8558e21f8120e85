// SPDX-License-Identifier: Apache-2.0
package coterm.windows

import coterm.terminal.TerminalProvider
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import java.util.ServiceLoader

class WindowsTerminalProviderTest : FunSpec({
    test("the provider is registered for ServiceLoader") {
        ServiceLoader.load(TerminalProvider::class.java).map { it::class.java }.toList() shouldContain
            WindowsTerminalProvider::class.java
    }

    test("it recognises Windows by os.name") {
        WindowsTerminalProvider.isWindows("Windows 11") shouldBe true
        WindowsTerminalProvider.isWindows("Windows Server 2022") shouldBe true
        WindowsTerminalProvider.isWindows("Linux") shouldBe false
        WindowsTerminalProvider.isWindows("Mac OS X") shouldBe false
    }

    test("off Windows it declines, so discovery goes on to the POSIX terminal") {
        if (!WindowsTerminalProvider.isWindows()) WindowsTerminalProvider().load() shouldBe null
    }
})
