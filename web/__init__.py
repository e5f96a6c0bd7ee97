"""The website widget (statement-bot.js, .css) and its demo page server."""
