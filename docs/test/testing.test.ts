// The testing page shows whole test files: importing them here runs their tests.
import '../examples/testing/app.spec';
import '../examples/testing/catalog.spec';
