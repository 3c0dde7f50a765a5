// The testing page shows a whole test file: importing it here runs its tests.
import '../examples/testing/app.spec';
